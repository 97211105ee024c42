// Command hello checks that the Go toolchain works: it prints a greeting,
// the Go release it was built with and the platform it was built for.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	fmt.Println("Hello from Go!")
	fmt.Printf("Go version: %s\n", runtime.Version())
	fmt.Printf("Platform:   %s/%s\n", runtime.GOOS, runtime.GOARCH)
}
