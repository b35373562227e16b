// Types of Vite's import suffixes used by the app and its worker (`?url`).
declare module '*?url' {
  const url: string;
  export default url;
}
declare module 'virtual:pwa-register' {
  export function registerSW(opts?: { immediate?: boolean; onOfflineReady?: () => void; onNeedRefresh?: () => void }): (reload?: boolean) => Promise<void>;
}
interface ImportMeta {
  glob<T>(pattern: string): Record<string, () => Promise<T>>;
}
