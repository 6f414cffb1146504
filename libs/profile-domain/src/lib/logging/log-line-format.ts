/**
 * The fields of every log line the platform writes, as pino options: the level by name, an ISO
 * time, the service's name and the text under `message`. The api and the worker (service-core) and
 * the web share them, so that one query reads the logs of all three.
 */
export function logLineFormat(service: string) {
  return {
    base: { service },
    messageKey: 'message',
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: { level: (label: string) => ({ level: label }) },
  };
}
