package main

import "os"

// cachesOff says whether ATTEST_NOCACHE=1 asks attest to use none of its
// caches: the evidence hash cache, serve's compile and page caches, and
// what the versions of one build share (laid-out bodies, copied files,
// highlighted snippets). A cache may only save time, so the output must be
// the same byte for byte either way (TestBuildWithoutCachesIsTheSame); the
// switch rules a stale cache out when something looks wrong.
func cachesOff() bool { return os.Getenv("ATTEST_NOCACHE") == "1" }
