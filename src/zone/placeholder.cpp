// Placeholder until the zone-file parser lands.
namespace zoned::zone {}
