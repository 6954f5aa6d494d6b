/**
 * The JSON answers of Open311 GeoReport v2 at /open311/v2/ (server/routes/open311.ts). The XML answers carry the same
 * values through their own renderer (server/domain/xml.ts); these schemas serialise the JSON ones.
 */
import Type from 'typebox';

/** Refusals the Open311 way: `[{ code, description }]`, code = the HTTP status. */
export const Open311ErrorsSchema = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }));

/** Spread into an Open311 route's `response`: its 4xx and 5xx are the Open311 error list. */
export const Open311ErrorResponses = { '4xx': Open311ErrorsSchema, '5xx': Open311ErrorsSchema } as const;

export const Open311DiscoverySchema = Type.Object({
  changeset: Type.String(),
  contact: Type.String(),
  key_service: Type.String(),
  endpoints: Type.Array(Type.Object({
    specification: Type.String(),
    url: Type.String(),
    changeset: Type.String(),
    type: Type.String(),
    formats: Type.Array(Type.String()),
  })),
});

export const Open311ServiceSchema = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.String(),
  keywords: Type.String(),
  group: Type.String(),
});
export const Open311ServicesSchema = Type.Array(Open311ServiceSchema);

export const Open311ServiceDefinitionSchema = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(Type.Object({
    variable: Type.Boolean(),
    code: Type.String(),
    datatype: Type.String(),
    required: Type.Boolean(),
    datatype_description: Type.String(),
    order: Type.Integer(),
    description: Type.String(),
    values: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
  })),
});

/** A public ticket as a service request: never a resident's words (server/domain/open311.ts open311Request). */
export const Open311RequestSchema = Type.Object({
  service_request_id: Type.String(),
  status: Type.Enum(['open', 'closed']),
  status_notes: Type.String(),
  service_name: Type.String(),
  service_code: Type.String(),
  agency_responsible: Type.String(),
  requested_datetime: Type.String(),
  updated_datetime: Type.String(),
  expected_datetime: Type.String(),
  address: Type.String(),
  address_id: Type.String(),
  lat: Type.Number(),
  long: Type.Number(),
});
export const Open311RequestsSchema = Type.Array(Open311RequestSchema);

/** POST requests.json: the new request's id and a notice; no account ids are kept. */
export const Open311ReceiptSchema = Type.Array(Type.Object({
  service_request_id: Type.String(),
  service_notice: Type.String(),
  account_id: Type.Null(),
}));
