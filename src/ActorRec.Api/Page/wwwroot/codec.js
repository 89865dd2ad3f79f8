// Protobuf binary encoding of the API's messages. Field numbers and types come from /page/api.json, which the
// server builds from its compiled contract, so nothing here repeats the .proto files.

const VARINT = 0;
const FIXED64 = 1;
const LENGTH = 2;
const FIXED32 = 5;

const VARINT_TYPES = new Set(['int32', 'int64', 'uint32', 'uint64', 'bool', 'enum', 'sint32', 'sint64']);
const FIXED64_TYPES = new Set(['double', 'fixed64', 'sfixed64']);
const FIXED32_TYPES = new Set(['float', 'fixed32', 'sfixed32']);

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

export class Codec {
  /** @param {Record<string, Array<{name: string, number: number, type: string, repeated: boolean, map: boolean, message?: string}>>} messages */
  constructor(messages) {
    this.messages = messages;
  }

  /** Encodes a plain object (fields by their JSON names) as the message of the given full name. */
  encode(typeName, value) {
    const writer = new Writer();
    this.#write(writer, typeName, value);
    return writer.finish();
  }

  /** Decodes bytes into a plain object with every field present (proto3 defaults for the missing ones). */
  decode(typeName, bytes) {
    return this.#read(new Reader(bytes), typeName, bytes.length);
  }

  #fields(typeName) {
    const fields = this.messages[typeName];
    if (!fields) {
      throw new Error(`The contract has no message ${typeName}`);
    }
    return fields;
  }

  #write(writer, typeName, value) {
    for (const field of this.#fields(typeName)) {
      const present = value[field.name];
      if (present === undefined || present === null) {
        continue;
      }
      if (field.map) {
        for (const [key, entry] of Object.entries(present)) {
          writer.tag(field.number, LENGTH);
          writer.bytes(this.encode(field.message, { key, value: entry }));
        }
      } else if (field.repeated) {
        for (const element of present) {
          this.#writeValue(writer, field, element);
        }
      } else if (!isDefault(field, present)) {
        this.#writeValue(writer, field, present);
      }
    }
  }

  #writeValue(writer, field, value) {
    switch (field.type) {
      case 'string':
        writer.tag(field.number, LENGTH);
        writer.bytes(utf8Encoder.encode(value));
        break;
      case 'bytes':
        writer.tag(field.number, LENGTH);
        writer.bytes(value);
        break;
      case 'message':
        writer.tag(field.number, LENGTH);
        writer.bytes(this.encode(field.message, value));
        break;
      case 'bool':
        writer.tag(field.number, VARINT);
        writer.varint(value ? 1n : 0n);
        break;
      case 'double': {
        writer.tag(field.number, FIXED64);
        const view = new DataView(new ArrayBuffer(8));
        view.setFloat64(0, value, true);
        writer.raw(new Uint8Array(view.buffer));
        break;
      }
      case 'float': {
        writer.tag(field.number, FIXED32);
        const view = new DataView(new ArrayBuffer(4));
        view.setFloat32(0, value, true);
        writer.raw(new Uint8Array(view.buffer));
        break;
      }
      default:
        if (!VARINT_TYPES.has(field.type) || field.type.startsWith('sint')) {
          throw new Error(`Encoding ${field.type} fields is not supported (${field.name})`);
        }
        writer.tag(field.number, VARINT);
        // Negative int32/int64 are sent as their 64-bit two's complement, as protobuf does.
        writer.varint(BigInt.asUintN(64, BigInt(value)));
    }
  }

  #read(reader, typeName, end) {
    const fields = this.#fields(typeName);
    const byNumber = new Map(fields.map(f => [f.number, f]));
    const result = {};
    for (const field of fields) {
      result[field.name] = defaultOf(field);
    }
    while (reader.position < end) {
      const key = Number(reader.varint());
      const number = key >>> 3;
      const wireType = key & 7;
      const field = byNumber.get(number);
      if (!field) {
        reader.skip(wireType);
        continue;
      }
      if (field.map) {
        const entry = this.decode(field.message, reader.bytes());
        result[field.name][entry.key] = entry.value;
      } else if (field.repeated && wireType === LENGTH && field.type !== 'string' && field.type !== 'bytes' && field.type !== 'message') {
        const packedEnd = reader.position + Number(reader.varint());
        while (reader.position < packedEnd) {
          result[field.name].push(this.#readScalar(reader, field));
        }
      } else if (field.repeated) {
        result[field.name].push(this.#readValue(reader, field));
      } else {
        result[field.name] = this.#readValue(reader, field);
      }
    }
    return result;
  }

  #readValue(reader, field) {
    switch (field.type) {
      case 'string':
        return utf8Decoder.decode(reader.bytes());
      case 'bytes':
        return reader.bytes();
      case 'message':
        return this.decode(field.message, reader.bytes());
      default:
        return this.#readScalar(reader, field);
    }
  }

  #readScalar(reader, field) {
    if (FIXED64_TYPES.has(field.type)) {
      const view = reader.view(8);
      return field.type === 'double' ? view.getFloat64(0, true) : Number(view.getBigInt64(0, true));
    }
    if (FIXED32_TYPES.has(field.type)) {
      const view = reader.view(4);
      return field.type === 'float' ? view.getFloat32(0, true) : view.getInt32(0, true);
    }
    const raw = reader.varint();
    switch (field.type) {
      case 'bool':
        return raw !== 0n;
      case 'sint32':
      case 'sint64':
        return Number((raw >> 1n) ^ -(raw & 1n));
      case 'uint32':
      case 'uint64':
        return Number(raw);
      default:
        return Number(BigInt.asIntN(64, raw));
    }
  }
}

function defaultOf(field) {
  if (field.map) {
    return {};
  }
  if (field.repeated) {
    return [];
  }
  switch (field.type) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'message':
      return null;
    case 'bytes':
      return new Uint8Array(0);
    default:
      return 0;
  }
}

function isDefault(field, value) {
  return field.type === 'message' ? false : value === defaultOf(field) || (field.type === 'bytes' && value.length === 0);
}

class Writer {
  #chunks = [];

  tag(number, wireType) {
    this.varint(BigInt((number << 3) | wireType));
  }

  varint(value) {
    const bytes = [];
    let rest = value;
    do {
      let byte = Number(rest & 0x7fn);
      rest >>= 7n;
      if (rest !== 0n) {
        byte |= 0x80;
      }
      bytes.push(byte);
    } while (rest !== 0n);
    this.#chunks.push(Uint8Array.from(bytes));
  }

  bytes(value) {
    this.varint(BigInt(value.length));
    this.#chunks.push(value);
  }

  raw(value) {
    this.#chunks.push(value);
  }

  finish() {
    const length = this.#chunks.reduce((sum, c) => sum + c.length, 0);
    const out = new Uint8Array(length);
    let offset = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

class Reader {
  constructor(bytes) {
    this.buffer = bytes;
    this.position = 0;
  }

  varint() {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.position >= this.buffer.length) {
        throw new Error('Truncated protobuf varint');
      }
      const byte = this.buffer[this.position++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) {
        return result;
      }
      shift += 7n;
    }
  }

  bytes() {
    const length = Number(this.varint());
    if (this.position + length > this.buffer.length) {
      throw new Error('Truncated protobuf field');
    }
    const out = this.buffer.subarray(this.position, this.position + length);
    this.position += length;
    return out;
  }

  view(length) {
    const view = new DataView(this.buffer.buffer, this.buffer.byteOffset + this.position, length);
    this.position += length;
    return view;
  }

  skip(wireType) {
    switch (wireType) {
      case VARINT:
        this.varint();
        break;
      case FIXED64:
        this.position += 8;
        break;
      case LENGTH:
        this.bytes();
        break;
      case FIXED32:
        this.position += 4;
        break;
      default:
        throw new Error(`Unsupported protobuf wire type ${wireType}`);
    }
  }
}
