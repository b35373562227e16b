// Vite's `?raw` import suffix (the bundled built-in rules file as text).
declare module '*?raw' {
  const text: string;
  export default text;
}
