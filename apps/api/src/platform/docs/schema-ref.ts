/** A reference to one of the component schemas setUpApiDocs adds (see api-schemas.ts). */
export function schemaRef(name: string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}
