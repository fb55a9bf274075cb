// The API key: the header it travels in (from the spec's apiKey security scheme) and the checks that let
// a bad key fail at construction with a message that never quotes it.
import { securitySchemes } from "../generated/metadata.js";
import { AymaraAIError } from "./errors.js";

/** The header the spec's apiKey security scheme names (x-api-key). */
export const apiKeyHeader = Object.values(securitySchemes).find((s) => s.type === "apiKey" && s.in === "header")?.name ?? "x-api-key";

export function checkApiKey(apiKey: unknown, envName: string): string {
  if (!apiKey) {
    throw new AymaraAIError(`Missing API key: pass the apiKey option (new AymaraAI({ apiKey })) or set the ${envName} environment variable.`);
  }
  // Checked here so a bad key fails with a message that does not quote it (fetch's would).
  if (typeof apiKey !== "string" || !/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new AymaraAIError("Invalid API key: the apiKey option must be printable ASCII with no spaces or line breaks.");
  }
  return apiKey;
}
