/** The widget's whole stylesheet, inside its shadow root so the shop's CSS and ours never meet. */
export const css = `
:host{all:initial}
.root{position:fixed;bottom:20px;right:20px;z-index:2147483000;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Apple SD Gothic Neo","Noto Sans KR","Malgun Gothic",sans-serif;color:#1b1f24;-webkit-font-smoothing:antialiased}
.root.left{right:auto;left:20px}
*{box-sizing:border-box}
button,input{font:inherit;color:inherit}
:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.launcher{position:relative;width:58px;height:58px;border-radius:50%;border:0;background:var(--p);color:var(--ink);box-shadow:0 6px 20px rgba(0,0,0,.22);cursor:pointer;display:grid;place-items:center;transition:transform .15s}
.launcher:hover{transform:scale(1.05)}
.badge{position:absolute;top:-3px;right:-3px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#d93025;color:#fff;font-size:12px;font-weight:700;line-height:20px;text-align:center}
.panel{position:absolute;bottom:74px;right:0;width:380px;height:min(620px,calc(100vh - 110px));background:#fff;border-radius:16px;box-shadow:0 16px 48px rgba(0,0,0,.2);display:flex;flex-direction:column;overflow:hidden}
.left .panel,.left .nudge{right:auto;left:0}
.panel[hidden],.nudge[hidden],[hidden]{display:none!important}
.head{display:flex;align-items:center;gap:10px;padding:14px 12px 14px 16px;background:var(--p);color:var(--ink)}
.logo{width:36px;height:36px;border-radius:50%;object-fit:cover;background:rgba(255,255,255,.25);flex:none;display:grid;place-items:center;font-weight:700}
.titles{flex:1;min-width:0}
.title{font-weight:650;font-size:15px;margin:0}
.sub{font-size:13px;opacity:.88;margin:1px 0 0;overflow:hidden;text-overflow:ellipsis}
.x{width:36px;height:36px;border:0;border-radius:50%;background:transparent;color:inherit;cursor:pointer;display:grid;place-items:center;flex:none}
.x:hover{background:rgba(255,255,255,.18)}
.banner{padding:8px 14px;font-size:13px;background:#fff4e5;color:#7a4100;border-bottom:1px solid #f3d7b0}
.log{flex:1;overflow-y:auto;padding:16px 14px 8px;background:#f6f7f9;display:flex;flex-direction:column;gap:8px;overscroll-behavior:contain}
.thread,.outbox{display:flex;flex-direction:column;gap:8px}
.msg{display:flex;flex-direction:column;align-items:flex-start;max-width:86%}
.msg.wide{max-width:100%;align-self:stretch}
.msg.customer{align-self:flex-end;align-items:flex-end}
.who{font-size:12px;font-weight:650;color:#1d4ed8;margin:0 0 2px 4px}
.bubble{background:#fff;border:1px solid #e2e6eb;border-radius:16px 16px 16px 4px;padding:8px 12px;white-space:pre-wrap;word-break:keep-all;overflow-wrap:anywhere}
.bubble a{color:#1d4ed8}
.customer .bubble{background:var(--p);color:var(--ink);border-color:transparent;border-radius:16px 16px 4px 16px}
.customer .bubble a{color:inherit}
.agent .bubble{background:#eaf1ff;border-color:#c6d7fb}
.msg.system{display:block;align-self:center;max-width:92%;text-align:center;font-size:12.5px;color:#4b5563;background:#eceff3;border-radius:10px;padding:6px 10px;white-space:pre-wrap}
.error{color:#b3261e;font-size:13px;margin:4px 4px 0}
.buttons{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}
.buttons.qr.stale{display:none}
.btn{display:inline-block;border:1.5px solid var(--p);background:#fff;color:var(--p);border-radius:18px;padding:6px 13px;cursor:pointer;text-decoration:none;font-weight:550;font-size:13.5px;text-align:left}
.btn:hover:not(:disabled){background:var(--soft)}
.btn:disabled{opacity:.45;cursor:default}
.btn.link::after{content:" \\2197"}
.carousel{display:flex;gap:8px;overflow-x:auto;scroll-snap-type:x mandatory;padding:2px 2px 6px}
.card{flex:0 0 220px;background:#fff;border:1px solid #e2e6eb;border-radius:12px;overflow:hidden;scroll-snap-align:start;display:flex;flex-direction:column}
.card img{display:block;width:100%;height:120px;object-fit:cover;background:#e9ecef}
.card-body{padding:10px 12px}
.card h3{margin:0 0 4px;font-size:14px}
.card p{margin:0;font-size:13px;color:#374151}
.articles{list-style:none;margin:6px 0 0;padding:0;display:flex;flex-direction:column;gap:6px}
.article-box{display:block;background:#fff;border:1px solid #e2e6eb;border-radius:10px;padding:8px 12px;text-decoration:none;color:inherit}
a.article-box:hover{border-color:var(--p)}
.article-box strong{display:block;color:var(--p)}
.article-box .snip{font-size:12.5px;color:#4b5563;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
.divider{display:flex;align-items:center;gap:8px;color:#6b7280;font-size:12px;margin:6px 0}
.divider::before,.divider::after{content:"";flex:1;border-top:1px solid #d5dae0}
.notice{display:flex;flex-direction:column;gap:8px}
.restart{align-self:center;margin-bottom:4px}
.pending .bubble{opacity:.7}
.state{font-size:12px;color:#6b7280;margin:2px 4px 0;display:flex;gap:8px;align-items:center}
.state.failed{color:#b3261e}
.linkish{background:none;border:0;padding:0;color:inherit;text-decoration:underline;cursor:pointer;font-weight:650}
.typing{align-self:flex-start;background:#fff;border:1px solid #e2e6eb;border-radius:16px;padding:11px 12px;display:flex;gap:4px}
.typing i{width:7px;height:7px;border-radius:50%;background:#8a96a3;animation:blink 1.2s infinite both}
.typing i:nth-child(2){animation-delay:.2s}.typing i:nth-child(3){animation-delay:.4s}
@keyframes blink{0%,80%,100%{opacity:.25}40%{opacity:1}}
.composer{display:flex;gap:8px;align-items:center;padding:10px 12px;border-top:1px solid #e2e6eb;background:#fff}
.composer input{flex:1;min-width:0;border:1px solid #c6cdd6;border-radius:20px;padding:9px 14px;background:#fff}
.composer input:focus-visible{outline:2px solid var(--p);outline-offset:1px}
.composer input[aria-invalid=true]{border-color:#b3261e}
.send{width:40px;height:40px;flex:none;border-radius:50%;border:0;background:var(--p);color:var(--ink);cursor:pointer;display:grid;place-items:center}
.nudge{position:absolute;bottom:74px;right:0;width:270px;background:#fff;border-radius:14px;box-shadow:0 10px 32px rgba(0,0,0,.2);padding:4px}
.nudge-text{display:block;width:100%;border:0;background:none;text-align:left;padding:10px 30px 10px 12px;cursor:pointer;white-space:pre-wrap}
.nudge .x{position:absolute;top:2px;right:2px;width:28px;height:28px;color:#6b7280}
@media (max-width:480px){.panel{position:fixed;inset:0;width:auto;height:auto;border-radius:0}.open .launcher{display:none}.composer input{font-size:16px}}
@media (prefers-reduced-motion:reduce){.typing i{animation:none}.launcher{transition:none}}
`;
