// hello 程序用来确认 Go 工具链可以正常工作：它会输出一句问候、
// 编译它所用的 Go 版本，以及它的目标平台（操作系统/架构）。
package main

import (
	"fmt"
	"runtime"
)

func main() {
	fmt.Println("你好，Go！")
	fmt.Printf("Go 版本：%s\n", runtime.Version())
	fmt.Printf("平台：%s/%s\n", runtime.GOOS, runtime.GOARCH)
}
