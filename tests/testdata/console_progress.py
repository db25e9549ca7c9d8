"""Drives a real `jupyter console` (simple prompt) on the gofutures kernel:
a non-blocking futures.Progress whose futures end after its cell must show
its final state in the console, which ignores display updates. Prints the
transcript; exits 0 when the final state was shown after the first frame."""
import sys

import pexpect

TIMEOUT = 60
child = pexpect.spawn(sys.argv[1], ["console", "--kernel", "gofutures", "--simple-prompt"],
                      encoding="utf-8", timeout=TIMEOUT, env=None)
log = []
def run(line, prompt):
    child.expect_exact(prompt)
    log.append(child.before + prompt)
    child.sendline(line)

cells = [
    'import ("time"; "github.com/gofutures/gofutures/futures")',
    "c := futures.NewClient(futures.Workers(2))",
    "fs := c.Map(time.Sleep, []time.Duration{300 * time.Millisecond, 300 * time.Millisecond})",
    "futures.Progress(fs...)",
    "time.Sleep(2 * time.Second)",
    "len(fs)",
]
for i, cell in enumerate(cells, 1):
    run(cell, "In [%d]: " % i)
child.expect_exact("In [%d]: " % (len(cells) + 1))
log.append(child.before)
child.sendeof()
if child.expect([pexpect.EOF, r"exit \(\[y\]/n\)\?"]) == 1:
    child.sendline("y")
    child.expect(pexpect.EOF)
text = "".join(log)
print(text)
first, final = text.find("0/2 done"), text.find("100% 2/2 done")
sys.exit(0 if 0 <= first < final else 1)
