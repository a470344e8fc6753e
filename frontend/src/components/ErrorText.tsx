/** An error sentence announced to screen readers; nothing at all when there is no error. */
export function ErrorText({ message, prefix = "" }: { message: string | null | undefined; prefix?: string }) {
  if (!message) return null;
  return (
    <p className="error" role="alert">
      {prefix}
      {message}
    </p>
  );
}
