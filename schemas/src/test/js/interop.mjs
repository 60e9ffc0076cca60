// Cross-check of leakwatch's wire format with Confluent's own JavaScript Schema Registry client.
//
//   node interop.mjs decode <registry-url> <topic> <bytes-file>
//       decodes one record value with Confluent's AvroDeserializer and prints it as JSON
//   node interop.mjs encode <registry-url> <topic> <schema-file> <record-json-file> <bytes-file>
//       registers the schema under <topic>-value and writes the record with Confluent's AvroSerializer
//
// Notes from trying it against Apicurio Registry 2.6's ccompat API (/apis/ccompat/v7):
// - No special option is needed for the ids: since 2.0, Apicurio's ccompat API hands out the
//   content id as the schema id, like Confluent (same schema text = same id in every subject;
//   checked by hand). Its legacy mode (registry.ccompat.legacy-id-mode.enabled=true, env
//   ENABLE_CCOMPAT_LEGACY_ID_MODE, default false in 2.6.13) would hand out global ids instead.
// - The deserializer calls GET /schemas/ids/{id}?subject=..., which Apicurio answers (it ignores
//   the subject parameter).
// - The JS serializer's autoRegisterSchemas derives a schema from the JavaScript value itself
//   (avsc's Type.forValue, with names Record1, Enum1, ...), not from our .avsc, so it cannot
//   produce leakwatch's schema. We register the real schema with the client's register() call
//   (the same POST /subjects/{subject}/versions auto-registration does) and serialize with
//   useLatestVersion, the way Confluent's README shows.
import { readFileSync, writeFileSync } from 'node:fs';
import { AvroDeserializer, AvroSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';

function usage() {
  console.error('usage: node interop.mjs decode <registry-url> <topic> <bytes-file>\n'
    + '       node interop.mjs encode <registry-url> <topic> <schema-file> <record-json-file> <bytes-file>');
  process.exit(2);
}

async function decode(url, topic, bytesFile) {
  const client = new SchemaRegistryClient({ baseURLs: [url] });
  const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
  const value = await deserializer.deserialize(topic, readFileSync(bytesFile));
  process.stdout.write(JSON.stringify(value) + '\n');
}

async function encode(url, topic, schemaFile, recordFile, bytesFile) {
  const client = new SchemaRegistryClient({ baseURLs: [url] });
  const id = await client.register(`${topic}-value`, {
    schemaType: 'AVRO',
    schema: readFileSync(schemaFile, 'utf8'),
  });
  const serializer = new AvroSerializer(client, SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: true });
  const bytes = await serializer.serialize(topic, JSON.parse(readFileSync(recordFile, 'utf8')));
  writeFileSync(bytesFile, bytes);
  process.stdout.write(JSON.stringify({ id }) + '\n');
}

const [command, ...args] = process.argv.slice(2);
try {
  if (command === 'decode' && args.length === 3) {
    await decode(...args);
  } else if (command === 'encode' && args.length === 5) {
    await encode(...args);
  } else {
    usage();
  }
} catch (e) {
  console.error(`interop.mjs ${command} failed: ${e?.stack ?? e}`);
  process.exit(1);
}
