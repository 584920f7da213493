/** Every error our API answers with: a code a program can switch on, a sentence for people, and the field at fault when one is. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}
