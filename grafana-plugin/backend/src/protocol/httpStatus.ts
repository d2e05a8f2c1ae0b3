/** Whether `status` is a real HTTP status code (an integer in 100–599), as Grafana expects one. */
export function isHttpStatus(status: unknown): status is number {
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599;
}
