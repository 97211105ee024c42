// Программа hello проверяет, что Go установлен и работает: она печатает
// приветствие, версию Go, которой собрана, и платформу, для которой собрана.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	fmt.Println("Привет от Go!")
	fmt.Printf("Версия Go: %s\n", runtime.Version())
	fmt.Printf("Платформа: %s/%s\n", runtime.GOOS, runtime.GOARCH)
}
