"""jupyter_kernel_test conformance suite for the gofutures kernel.

run.sh installs the kernelspec into a temporary JUPYTER_DATA_DIR and runs
this file with unittest. Every sample attribute the suite knows is filled
in for Go, except code_page_something: the kernel has no pager payloads.
"""

import unittest

import jupyter_kernel_test



class GoFuturesKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "gofutures"
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'import "fmt"\nfmt.Println("hello, world")'
    code_stderr = 'import (\n\t"fmt"\n\t"os"\n)\nfmt.Fprintln(os.Stderr, "to stderr")'

    completion_samples = [
        {"text": "fun", "matches": {"func"}},
        {"text": "pani", "matches": {"panic"}},
        {"text": 'import "strings"\nstrings.ToUpp', "matches": {"ToUpper", "ToUpperSpecial"}},
        {"text": 'import "fmt"\nfmt.Printl', "matches": {"Println"}},
    ]

    complete_code_samples = [
        "x := 1",
        'fmt.Println("hi")',
        "func f() int {\n\treturn 1\n}",
    ]
    incomplete_code_samples = [
        "func f() {",
        "for i := 0; i < 3; i++ {",
        "x := []int{1,",
        "s := `raw",
    ]
    invalid_code_samples = [
        "}",
        "f(]",
        's := "abc',
    ]

    code_inspect_sample = 'import "strings"\nstrings.ToUpper'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": "x := 6\nx * 7", "result": "42"},
        {"code": 'len("gopher")', "result": "6"},
    ]
    code_history_pattern = "1 + *"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": 'import "github.com/gofutures/gofutures/display"\ndisplay.HTML("<b>bold</b>")', "mime": "text/html"},
        {"code": 'import "github.com/gofutures/gofutures/display"\ndisplay.Markdown("*it*")', "mime": "text/markdown"},
    ]

    code_generate_error = "undefinedName + 1"

    code_clear_output = 'import "github.com/gofutures/gofutures/display"\ndisplay.Clear(false)'


if __name__ == "__main__":
    unittest.main()
