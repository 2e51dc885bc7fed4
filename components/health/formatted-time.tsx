/**
 * An ISO timestamp shown in UTC with a fixed format, so the text does not depend on the server's
 * locale or time zone, and never differs between server and browser.
 */
export function FormattedTime({ iso }: { iso: string }) {
  const text = `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
  return <time dateTime={iso}>{text}</time>;
}
