// Vite's `?raw` imports (test fixtures read as text; the Workers runtime has no file system).
declare module '*?raw' {
  const text: string;
  export default text;
}
