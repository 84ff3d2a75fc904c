package stages

import "fmt"

func helperSynth(n string) int { fmt.Println(n); return 0 }
