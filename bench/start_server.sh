# Sourced by the bench scripts: start_server DIR COMMAND... runs a server in the background, its
# output in DIR/log, waits (up to 10 s) for it to write its port to DIR/port, and sets $pid;
# a server that does not start has its log printed and ends the script.
start_server() {
  local dir=$1; shift
  "$@" > "$dir/log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do [ -s "$dir/port" ] && break; sleep 0.1; done
  if [ ! -s "$dir/port" ]; then echo "the server did not start:"; cat "$dir/log"; kill $pid 2>/dev/null; exit 1; fi
}
