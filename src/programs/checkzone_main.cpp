#include <cstdio>
int main() {
  std::fprintf(stderr, "zoned-checkzone: not built yet\n");
  return 1;
}
