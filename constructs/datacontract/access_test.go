package datacontract

import (
	"errors"
	"strings"
	"testing"

	"github.com/smusmesh/smusmesh/problem"
)

func TestValidateAccess(t *testing.T) {
	ok := []Access{
		{Consumer: "marketing", Table: "customers"},
		{Consumer: "marketing", Table: "customers", Columns: []string{"customer_id", "country"}, RowFilter: "region = 'EU' AND country <> 'DE'"},
		{Consumer: "finance", Table: "customers", RowFilter: `(region = 'EU' OR country IN ('US', 'CA')) AND NOT email IS NULL`},
		{Consumer: "bi", Table: "customers", RowFilter: "address.geo.lat BETWEEN -10.5 AND 10 and country not like 'D%' and customer_id >= 100"},
		{Consumer: "bi", Table: "customers", RowFilter: `"country" != 'it''s' OR TRUE`},
		{Consumer: "all", TagExpression: map[string][]string{"domain": {"sales"}, "region": {"EU"}}},
	}
	for _, a := range ok {
		c := crm()
		if err := c.ValidateAccess(a); err != nil {
			t.Errorf("ValidateAccess(%+v) = %v", a, err)
		}
	}
	tests := []struct {
		name   string
		access Access
		want   error
		inText []string
	}{
		{"no table", Access{Consumer: "marketing"}, ErrRequired, []string{`access[marketing].table: access names no table and no tag expression`}},
		{"unknown table", Access{Consumer: "marketing", Table: "customer"}, ErrUnknownTable, []string{`access[marketing].table "customer": table is not in the contract's schema`}},
		{"unknown column", Access{Consumer: "marketing", Table: "customers", Columns: []string{"customer_id", "mail"}}, ErrUnknownColumn,
			[]string{`access[marketing].columns[1] "mail": column is not in table customers`}},
		{"duplicate column", Access{Consumer: "marketing", Table: "customers", Columns: []string{"email", "email"}}, ErrDuplicate,
			[]string{`access[marketing].columns[1] "email": duplicate column`}},
		{"row filter unknown column", Access{Consumer: "marketing", Table: "customers", RowFilter: "regio = 'EU'"}, ErrUnknownColumn,
			[]string{`access[marketing].rowFilter: column "regio" is not in table customers`}},
		{"row filter unknown nested field", Access{Consumer: "marketing", Table: "customers", RowFilter: "address.zip = '1000'"}, ErrUnknownColumn,
			[]string{`access[marketing].rowFilter: column "address.zip" is not in table customers: address has no field zip`}},
		{"row filter unterminated string", Access{Consumer: "marketing", Table: "customers", RowFilter: "region = 'EU"}, ErrInvalidRowFilter,
			[]string{`access[marketing].rowFilter "region = 'EU": at offset 9: unterminated string`}},
		{"row filter unbalanced paren", Access{Consumer: "marketing", Table: "customers", RowFilter: "(region = 'EU'"}, ErrInvalidRowFilter,
			[]string{`unbalanced parentheses`}},
		{"row filter extra paren", Access{Consumer: "marketing", Table: "customers", RowFilter: "region = 'EU')"}, ErrInvalidRowFilter,
			[]string{`at offset 13: unbalanced parenthesis`}},
		{"row filter function", Access{Consumer: "marketing", Table: "customers", RowFilter: "lower(region) = 'eu'"}, ErrInvalidRowFilter,
			[]string{`function lower(...) is not allowed`}},
		{"row filter column vs column", Access{Consumer: "marketing", Table: "customers", RowFilter: "region = country"}, ErrInvalidRowFilter,
			[]string{`column region is compared with column country`}},
		{"row filter dangling AND", Access{Consumer: "marketing", Table: "customers", RowFilter: "region = 'EU' AND"}, ErrInvalidRowFilter,
			[]string{`expected a condition, found end of filter`}},
		{"row filter missing operator", Access{Consumer: "marketing", Table: "customers", RowFilter: "region 'EU'"}, ErrInvalidRowFilter,
			[]string{`expected a comparison after column region, found 'EU'`}},
		{"row filter bad character", Access{Consumer: "marketing", Table: "customers", RowFilter: "region = 'EU'; drop"}, ErrInvalidRowFilter,
			[]string{`unexpected character ';'`}},
		{"row filter too long", Access{Consumer: "marketing", Table: "customers", RowFilter: "region IN ('" + strings.Repeat("x", 2100) + "')"}, ErrInvalidRowFilter,
			[]string{`Lake Formation allows fewer than 2048`}},
		{"row filter without table", Access{Consumer: "marketing", RowFilter: "region = 'EU'", TagExpression: map[string][]string{"domain": {"sales"}}}, ErrRequired,
			[]string{`a row filter is given but no table is named`}},
		{"unknown tag key", Access{Consumer: "marketing", TagExpression: map[string][]string{"team": {"sales"}}}, ErrUnknownTag,
			[]string{`access[marketing].tagExpression[team]: LF-tag "team" is not one of the contract's tags: tags are domain, region`}},
		{"unknown tag value", Access{Consumer: "marketing", TagExpression: map[string][]string{"region": {"EU", "APAC"}}}, ErrUnknownTag,
			[]string{`access[marketing].tagExpression[region][1] "APAC": the contract does not tag the product region=APAC`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := crm()
			err := c.ValidateAccess(tt.access)
			if !errors.Is(err, tt.want) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("ValidateAccess() = %v, want errors.Is %v and ErrInvalid", err, tt.want)
			}
			if n := len(problem.All(err)); n != 1 {
				t.Errorf("ValidateAccess() reported %d problems, want 1:\n%v", n, err)
			}
			for _, s := range tt.inText {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("ValidateAccess() =\n%v\nwant it to contain\n%s", err, s)
				}
			}
		})
	}
}

func TestTokenizeRowFilter(t *testing.T) {
	toks, err := TokenizeRowFilter(`region = 'EU' AND "order" <> -1.5e3 or x.y IN ('a','it''s')`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range toks {
		got = append(got, tk.Text)
	}
	want := []string{"region", "=", "EU", "AND", "order", "<>", "-1.5e3", "OR", "x.y", "IN", "(", "a", ",", "it's", ")"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("tokens = %q\nwant     %q", got, want)
	}
	kinds := []TokenKind{TokenIdent, TokenOperator, TokenString, TokenKeyword, TokenIdent, TokenOperator, TokenNumber}
	for i, k := range kinds {
		if toks[i].Kind != k {
			t.Errorf("token %d %q kind = %v, want %v", i, toks[i].Text, toks[i].Kind, k)
		}
	}
	for _, bad := range []string{`"unterminated`, `a = 'x`, `a ! b`, `a = 1.2.3`, `a = 12abc`, `a = ""`, `a # b`} {
		if _, err := TokenizeRowFilter(bad); !errors.Is(err, ErrInvalidRowFilter) {
			t.Errorf("TokenizeRowFilter(%q) = %v, want ErrInvalidRowFilter", bad, err)
		}
	}
}

func FuzzRowFilter(f *testing.F) {
	for _, s := range []string{"region = 'EU' AND country <> 'DE'", "(a IN (1,2)) OR NOT b IS NULL", `"x" BETWEEN -1 AND 2`, "a LIKE '%", "((", "x.y.z != 1e5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks, err := TokenizeRowFilter(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidRowFilter) {
				t.Fatalf("error %v does not wrap ErrInvalidRowFilter", err)
			}
			return
		}
		for _, tk := range toks {
			if tk.Pos < 0 || tk.Pos >= len(s) {
				t.Fatalf("token %+v out of range", tk)
			}
		}
		if _, err := parseRowFilter(s); err != nil && !errors.Is(err, ErrInvalidRowFilter) {
			t.Fatalf("parse error %v does not wrap ErrInvalidRowFilter", err)
		}
	})
}
