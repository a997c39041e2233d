// Minimal stand-in for exec::async_scope.
#pragma once
namespace exec {
struct empty_sender {};
class async_scope {
public:
  template <typename S> void spawn(S &&sender) {}
  template <typename S> empty_sender spawn_future(S &&sender) { return {}; }
  empty_sender on_empty() { return {}; }
};
} // namespace exec
