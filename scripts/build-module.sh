#!/bin/bash
# Build xt_CGNAT against KDIR in a copy (so several kernels can be built
# from one tree), with warnings as errors. Usage: build-module.sh KDIR OUTDIR
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kdir=$1 out=$2
rm -rf "$out"; mkdir -p "$out"
cp -r "$top/Kbuild" "$top/kmod" "$top/include" "$out/"
make -C "$kdir" M="$out" KCFLAGS=-Werror W=1 modules 2>&1 | grep -v 'Entering directory\|Leaving directory'
test -f "$out/xt_CGNAT.ko"
