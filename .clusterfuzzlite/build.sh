#!/bin/bash -eu
# ClusterFuzzLite runs $SRC/build.sh; the build is OSS-Fuzz's (same
# environment, same outputs): scripts/oss-fuzz/build.sh.
exec bash -eu "$SRC/pagefuzz/scripts/oss-fuzz/build.sh"
