/** The strong ETag of one version of a profile. */
export function profileEtag(id: string, version: number): string {
  return `"${id}.${version}"`;
}
