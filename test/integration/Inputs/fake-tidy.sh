#!/bin/sh
# taskbound-tidy ($REAL_TIDY), except on a file whose path contains
# $FAKE_CRASH (dies of SIGSEGV), $FAKE_HANG (spins on the CPU for ever) or
# $FAKE_STUCK (waits for ever without the CPU): what the real-world harness
# must tell apart from a clean run and from a compile error. On $FAKE_SLOW it
# first waits $FAKE_SLOW_S seconds, as a TU that waits for a core would.
for arg; do file=$arg; done
case $file in
  *"${FAKE_CRASH:-/no/such/file}"*) echo "Stack dump:" >&2; kill -SEGV $$ ;;
  *"${FAKE_HANG:-/no/such/file}"*) while :; do :; done ;;
  *"${FAKE_STUCK:-/no/such/file}"*) sleep 600 ;;
  *"${FAKE_SLOW:-/no/such/file}"*) sleep "${FAKE_SLOW_S:-1}" ;;
  # $FAKE_QUIET: a build that no longer finds anything there (the last
  # --checks wins).
  *"${FAKE_QUIET:-/no/such/file}"*)
    exec "$REAL_TIDY" "$@" --checks=-*,misc-unused-alias-decls ;;
esac
exec "$REAL_TIDY" "$@"
