import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { PROTO_FILES } from './protoFiles.ts';
import { encodeQueryDataResponse, type OutgoingFrame } from './queryDataEncoding.ts';
import type { WireQueryDataResponse } from './messages.ts';

/**
 * gRPC service definitions built from our .proto texts with protobufjs, shared by the plugin's
 * server and the conformance harness's clients. Messages are plain objects: int64 → number
 * (epoch ms and counts fit in 2^53), enums → their names, bytes → Buffer, unset fields → defaults.
 */
const root = new protobuf.Root();
for (const text of Object.values(PROTO_FILES)) protobuf.parse(text, root, { keepCase: true });
root.resolveAll();

const toObjectOptions: protobuf.IConversionOptions = {
  longs: Number,
  enums: String,
  defaults: true,
  arrays: true,
  objects: true,
};

/** Messages written by a dedicated encoder: QueryData answers carry megabytes of frames (queryDataEncoding.ts). */
const SERIALIZERS: Record<string, (value: object) => Buffer> = {
  'pluginv2.QueryDataResponse': (value) => encodeQueryDataResponse(value as WireQueryDataResponse<OutgoingFrame>),
};

// A misspelt name would fall back, silently, to the generic encoder, which cannot encode these answers.
for (const typeName of Object.keys(SERIALIZERS)) root.lookupType(typeName);

function codec(typeName: string) {
  const type = root.lookupType(typeName);
  return {
    serialize:
      SERIALIZERS[typeName] ??
      ((value: object): Buffer => {
        // A view, not a copy: a QueryData answer can be megabytes, and 1,000 of them may be sent at once.
        const bytes = type.encode(type.fromObject(value)).finish();
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      }),
    deserialize: (bytes: Buffer): object => type.toObject(type.decode(bytes), toObjectOptions),
  };
}

function serviceDefinition(serviceName: string): ServiceDefinition {
  const service = root.lookupService(serviceName);
  const definition: Record<string, MethodDefinition<object, object>> = {};
  for (const method of service.methodsArray) {
    const request = codec(method.resolvedRequestType?.fullName.slice(1) ?? method.requestType);
    const response = codec(method.resolvedResponseType?.fullName.slice(1) ?? method.responseType);
    definition[method.name] = {
      path: `/${serviceName}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: request.serialize,
      requestDeserialize: request.deserialize,
      responseSerialize: response.serialize,
      responseDeserialize: response.deserialize,
      originalName: method.name,
    };
  }
  return definition;
}

/** Full gRPC service names, e.g. for health checks of individual services. */
export const SERVICE_NAMES = {
  data: 'pluginv2.Data',
  diagnostics: 'pluginv2.Diagnostics',
  resource: 'pluginv2.Resource',
  health: 'grpc.health.v1.Health',
  controller: 'plugin.GRPCController',
  stdio: 'plugin.GRPCStdio',
} as const;

export const SERVICES = Object.fromEntries(
  Object.entries(SERVICE_NAMES).map(([key, name]) => [key, serviceDefinition(name)])
) as Record<keyof typeof SERVICE_NAMES, ServiceDefinition>;
