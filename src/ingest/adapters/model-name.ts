// Model strings are kept as the source wrote them; only cloud resource paths are cut to the model id.

const VERTEX = /(?:^|\/)publishers\/([^/]+)\/models\/([^/:@]+)/;

const PUBLISHER_PROVIDER: Record<string, string> = { google: 'google', anthropic: 'google-vertex-anthropic' };

/** `projects/p/locations/l/publishers/google/models/gemini-2.5-flash` -> `gemini-2.5-flash` (raw kept by the caller). */
export function modelFromResourcePath(raw: string): { model: string; publisher: string } | undefined {
  const m = VERTEX.exec(raw);
  return m ? { model: m[2]!, publisher: m[1]! } : undefined;
}

export function providerForPublisher(publisher: string): string | undefined {
  return publisher === 'google' ? PUBLISHER_PROVIDER.google : undefined;
}

/** Anthropic console cost CSV uses display names: `Claude Sonnet 4.5` -> `claude-sonnet-4-5`. */
export function modelFromDisplayName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s.]+/g, '-');
}
