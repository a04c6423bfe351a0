export { buildOpenApiDocument, type OpenApiOptions } from './build-openapi-document.ts';
