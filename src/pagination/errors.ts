import { AymaraAIError } from "../errors.js";

/** The server broke the offset/limit contract (or a page method was misused); the message says what was seen. */
export class PaginationError extends AymaraAIError {
  override name = "PaginationError";
}
