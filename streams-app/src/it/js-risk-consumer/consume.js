// Usage: node consume.js BOOTSTRAP REGISTRY_URL TOPIC COUNT
// Prints one JSON line per decoded record ({partition, offset, key, value}) and exits after COUNT records (or fails after 60 s).
const { Kafka, logLevel } = require('kafkajs');
const { SchemaRegistry } = require('@kafkajs/confluent-schema-registry');

const [bootstrap, registryUrl, topic, countArg] = process.argv.slice(2);
const wanted = Number(countArg || '1');
const kafka = new Kafka({ clientId: 'js-risk-consumer', brokers: bootstrap.split(','), logLevel: logLevel.ERROR });
const registry = new SchemaRegistry({ host: registryUrl });
const consumer = kafka.consumer({ groupId: `js-risk-consumer-${process.pid}-${Date.now()}` });

let seen = 0;
const byPartition = {};
const deadline = setTimeout(() => {
  console.error(`timed out before ${wanted} records: ${seen} read, by partition ${JSON.stringify(byPartition)}`);
  process.exit(2);
}, 60000);

async function main() {
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      byPartition[partition] = (byPartition[partition] || 0) + 1;
      const value = await registry.decode(message.value);
      const key = message.key ? message.key.toString('utf8') : null;
      process.stdout.write(JSON.stringify({ partition, offset: Number(message.offset), key, value }, (k, v) => (typeof v === 'bigint' ? v.toString() : v)) + '\n');
      seen += 1;
      if (seen >= wanted) {
        clearTimeout(deadline);
        // not consumer.disconnect(): it waits for this very handler to return
        process.exit(0);
      }
    },
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
