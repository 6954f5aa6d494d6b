import Type, { type Static } from 'typebox';

/**
 * What an Open311 GeoReport v2 request may carry, checked at the door (the routes declare these as their querystring
 * and body schemas): every field given once, as text, within its length. What the text means (a known service, a
 * date, a point inside the district) is the domain's to read (server/domain/open311.ts). Each field's `errorMessage`
 * is the refusal's description when its shape is wrong (server/routes/errors.ts reads it).
 */

/** The spec's default (and our maximum) number of requests in one answer, and of ids in one search. */
export const OPEN311_MAX_REQUESTS = 1000;
/** The longest service_code list a search may send (a code repeated is read once). */
export const OPEN311_SERVICE_CODES_MAX_CHARS = 2000;
export const OPEN311_ID_LIST_MAX_CHARS = 20_000;

const once = (field: string, max: number) => `"${field}" must be given once, as text of at most ${max} characters.`;

/** A query field: query strings carry text only; a key given twice arrives as a list and is refused. */
const queryText = (field: string, max: number, extra: Record<string, unknown> = {}) =>
  Type.Optional(Type.String({ maxLength: max, errorMessage: once(field, max), ...extra }));

/** A body field: a form gives text; JSON may give a number where text is meant (a latitude), taken as its text. */
const bodyText = (field: string, max: number, message = once(field, max)) =>
  Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Number()], { errorMessage: message }));

const JURISDICTION = { jurisdiction_id: queryText('jurisdiction_id', 40) };

/** GET services, services/{code} and requests/{id}: only the jurisdiction is read. */
export const Open311DocumentQuerySchema = Type.Object(JURISDICTION);

/** GET requests: the search. */
export const Open311SearchQuerySchema = Type.Object({
  ...JURISDICTION,
  service_request_id: queryText('service_request_id', OPEN311_ID_LIST_MAX_CHARS, {
    pattern: '^\\s*[1-9]\\d{0,11}\\s*(,\\s*[1-9]\\d{0,11}\\s*)*$',
    errorMessage: `"service_request_id" must be up to ${OPEN311_MAX_REQUESTS} request ids separated by commas, given once.`,
  }),
  service_code: queryText('service_code', OPEN311_SERVICE_CODES_MAX_CHARS),
  status: queryText('status', 40),
  start_date: queryText('start_date', 40),
  end_date: queryText('end_date', 40),
});
export type Open311SearchQuery = Static<typeof Open311SearchQuerySchema>;

/** POST requests: a report, form-encoded as the spec says (JSON also taken). Contact fields are neither read nor kept. */
export const Open311ReportBodySchema = Type.Object({
  api_key: bodyText('api_key', 200),
  jurisdiction_id: bodyText('jurisdiction_id', 40),
  service_code: bodyText('service_code', 40),
  lat: bodyText('lat', 40, '"lat" must be a number of degrees from -90 to 90.'),
  long: bodyText('long', 40, '"long" must be a number of degrees from -180 to 180.'),
  address_string: bodyText('address_string', 200),
  description: bodyText('description', 4000),
  'attribute[urgent]': bodyText('attribute[urgent]', 10, '"attribute[urgent]" must be true or false.'),
}, { errorMessage: 'The body must be a set of named fields.' });
export type Open311ReportBody = Static<typeof Open311ReportBodySchema>;
/** The query string of a filing: the open311 npm client puts jurisdiction_id there. */
export const Open311ReportQuerySchema = Open311DocumentQuerySchema;

/*
 * The JSON answers (the routes' response schemas). The XML answers carry the same values through their own renderer
 * (server/domain/xml.ts).
 */

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
