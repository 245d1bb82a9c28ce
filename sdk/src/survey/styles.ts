/**
 * The widget's CSS, inside its shadow root: the host page's rules cannot reach it (`all: initial` on
 * the host, important so page rules on the host lose). Sites theme it with --hoptrail-* custom
 * properties (they inherit into the shadow root) and ::part(dialog | title | close | option | button
 * | textarea | status).
 */
export const STYLES = `:host{all:initial!important;display:block!important}
.d{--a:var(--hoptrail-accent,#1f4fd1);--b:var(--hoptrail-bg,#fff);--f:var(--hoptrail-fg,#1b1b1f);position:relative;box-sizing:border-box;font:15px/1.4 var(--hoptrail-font,system-ui,sans-serif);color:var(--f);background:var(--b);border-radius:var(--hoptrail-radius,12px);padding:1rem 1.25rem;width:min(24rem,calc(100vw - 2rem));max-height:calc(100vh - 2rem);overflow:auto;box-shadow:0 8px 30px #0004}
.p{position:fixed;right:1rem;bottom:1rem;z-index:2147483647}
.m{position:fixed;inset:0;margin:auto;height:fit-content;z-index:2147483647}
.bd{position:fixed;inset:0;background:#0006;z-index:2147483646}
.i{width:auto;box-shadow:none;border:1px solid #8886}
h2{font-size:1.05em;margin:0 2rem .75rem 0}
fieldset{border:0;margin:0;padding:0;min-width:0}
legend{padding:0;margin-bottom:.6rem}
.o{display:flex;flex-wrap:wrap;gap:.35rem}
.c{flex-direction:column}
.o label{flex:1 0 2.2rem;position:relative;cursor:pointer}
.o input{position:absolute;opacity:0;width:1px;height:1px;margin:0}
.o span{display:block;text-align:center;padding:.45rem .3rem;border:1px solid #767676;border-radius:6px}
input:checked+span{background:var(--a);color:var(--b);border-color:var(--a)}
input:focus-visible+span,button:focus-visible,textarea:focus-visible{outline:3px solid var(--a);outline-offset:2px}
.e{display:flex;justify-content:space-between;gap:1rem;font-size:.8em;margin-top:.3rem}
textarea{display:block;width:100%;box-sizing:border-box;min-height:4.5rem;font:inherit;color:inherit;background:inherit;border:1px solid #767676;border-radius:6px;padding:.4rem}
button{font:inherit;cursor:pointer}
.k{display:flex;justify-content:flex-end;margin-top:.9rem}
.s{background:var(--a);color:var(--b);border:0;border-radius:6px;padding:.5rem 1.1rem}
.s:disabled{opacity:.5;cursor:default}
.x{position:absolute;top:.4rem;right:.4rem;background:none;border:0;color:inherit;font-size:1.4rem;line-height:1;padding:.2rem .5rem;border-radius:6px}
.st{margin:0}
@media (prefers-reduced-motion:no-preference){.d{animation:u .25s ease-out}@keyframes u{from{opacity:0;transform:translateY(8px)}}}`;
