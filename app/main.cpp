// crmsync: the executable holds only this; everything else lives in the libraries the tests link.

#include "register_all.h"
#include "service/cli.h"

int main(int argc, char** argv) {
  crmsync::Registry registry;
  crmsync::registerAll(registry);
  return crmsync::runCli(argc, argv, registry);
}
