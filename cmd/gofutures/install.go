package main

import (
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
	spec, err := install.Install(dir, exe)
	if err != nil {
		return err
	}
	fmt.Printf("installed kernelspec %s in %s\n", install.KernelName, spec)
	return nil
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
