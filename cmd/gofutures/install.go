package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gofutures/gofutures/install"
)

// dataDir parses [--user | --prefix DIR] into a Jupyter data directory.
func dataDir(cmd string, args []string) (string, error) {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	user := fs.Bool("user", false, "use Jupyter's user data directory ($JUPYTER_DATA_DIR when set); the default")
	prefix := fs.String("prefix", "", "use PREFIX/share/jupyter instead")
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if fs.NArg() > 0 {
		return "", fmt.Errorf("%s: unexpected argument %q", cmd, fs.Arg(0))
	}
	if *user && *prefix != "" {
		return "", fmt.Errorf("%s: --user and --prefix exclude each other", cmd)
	}
	if *prefix != "" {
		abs, err := filepath.Abs(*prefix)
		if err != nil {
			return "", err
		}
		return install.PrefixDataDir(abs), nil
	}
	return install.UserDataDir()
}

func runInstall(args []string) error {
	dir, err := dataDir("install", args)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find own binary: %w", err)
	}
	if exe, err = filepath.EvalSymlinks(exe); err != nil {
		return err
	}
	prev := installedBinary(dir)
	spec, err := install.Install(dir, exe)
	if err != nil {
		return err
	}
	fmt.Printf("installed kernelspec %s in %s: it runs %s\n", install.KernelName, spec, exe)
	if prev != "" && prev != exe {
		fmt.Printf("(it ran %s before: notebooks using the %s kernel now run this binary)\n", prev, install.KernelName)
	}
	return nil
}

// installedBinary returns the binary the kernelspec under dataDir runs, or
// "" when there is none.
func installedBinary(dataDir string) string {
	b, err := os.ReadFile(filepath.Join(install.Dir(dataDir), "kernel.json"))
	if err != nil {
		return ""
	}
	var spec install.Spec
	if json.Unmarshal(b, &spec) != nil || len(spec.Argv) == 0 {
		return ""
	}
	return spec.Argv[0]
}

func runUninstall(args []string) error {
	dir, err := dataDir("uninstall", args)
	if err != nil {
		return err
	}
	spec, err := install.Uninstall(dir)
	if errors.Is(err, install.ErrNotInstalled) {
		fmt.Printf("kernelspec %s is not installed in %s\n", install.KernelName, dir)
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Printf("removed %s\n", spec)
	return nil
}
