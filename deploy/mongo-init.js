// Run once by the compose file's mongo-init service (mongosh against mongo1): initiates the replica set
// rs0 of the three MongoDB services, then waits until it has a primary, so that the MassEmail services,
// which start only after this exits, can write at once. Running it again on an initiated set changes nothing.
const config = {
  _id: "rs0",
  members: [
    { _id: 0, host: "mongo1:27017" },
    { _id: 1, host: "mongo2:27017" },
    { _id: 2, host: "mongo3:27017" },
  ],
};

try {
  rs.status();
  print("mongo-init: replica set rs0 is already initiated");
} catch (e) {
  if (e.codeName !== "NotYetInitialized") {
    throw e;
  }
  rs.initiate(config);
  print("mongo-init: replica set rs0 initiated");
}

// An election takes seconds; two minutes without a primary is a broken set, not a slow one.
for (let i = 0; ; i++) {
  const primary = rs.status().members.find((m) => m.stateStr === "PRIMARY");
  if (primary) {
    print(`mongo-init: primary is ${primary.name}`);
    break;
  }
  if (i >= 120) {
    throw new Error("mongo-init: no primary after 120 s");
  }
  sleep(1000);
}
