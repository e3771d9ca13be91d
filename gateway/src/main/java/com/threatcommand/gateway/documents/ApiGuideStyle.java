package com.threatcommand.gateway.documents;

/** The API guide's style sheet, inline in the page: system fonts only, nothing fetched. */
final class ApiGuideStyle {
  private ApiGuideStyle() {}

  static final String CSS =
      """
      :root { --ink: #1b2430; --muted: #5b6675; --line: #d9dee5; --soft: #f4f6f9; --accent: #0b5cad;
        --get: #0a6e4f; --post: #0b5cad; --put: #8a5300; --patch: #6b4fbb; --delete: #b3261e; --head: #4b5563; }
      * { box-sizing: border-box; }
      html { -webkit-text-size-adjust: 100%; }
      body { margin: 0; color: var(--ink); background: #fff; line-height: 1.5;
        font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
      a { color: var(--accent); }
      a:focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
      code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.9em; }
      pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px;
        overflow-x: auto; margin: 6px 0 12px; }
      .skip { position: absolute; left: -999px; top: 0; background: #fff; padding: 8px; }
      .skip:focus { left: 8px; z-index: 10; }
      .layout { display: grid; grid-template-columns: 300px minmax(0, 1fr); min-height: 100vh; }
      .toc { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto;
        border-right: 1px solid var(--line); background: var(--soft); padding: 16px 12px 32px; font-size: 13px; }
      .toc h2 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin: 0 0 8px; }
      .toc ol { list-style: none; margin: 0; padding: 0; }
      .toc ol ol { margin: 2px 0 8px 4px; }
      .toc li > a { display: flex; gap: 6px; align-items: baseline; padding: 3px 6px; border-radius: 4px;
        text-decoration: none; color: var(--ink); }
      .toc .method { flex: none; min-width: 50px; }
      .toc li > a:hover { background: #e6ebf1; }
      .toc .path { overflow-wrap: break-word; min-width: 0; }
      main { padding: 24px 40px 64px; max-width: 1100px; min-width: 0; }
      h1 { font-size: 28px; margin: 0 0 4px; }
      h2 { font-size: 22px; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
      h3 { font-size: 17px; margin: 0 0 6px; }
      h4 { font-size: 14px; margin: 18px 0 6px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
      h5 { font-size: 14px; margin: 10px 0 6px; font-weight: 600; }
      .muted { color: var(--muted); }
      .op, .schema { border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; margin: 16px 0;
        scroll-margin-top: 12px; }
      .op h3 { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
      .op h3 .path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
        word-break: break-all; }
      .summary { font-weight: 600; margin: 4px 0; }
      .method { display: inline-block; min-width: 58px; text-align: center; border-radius: 4px; padding: 1px 6px;
        color: #fff; font: 700 11px/18px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
      .m-get { background: var(--get); } .m-post { background: var(--post); } .m-put { background: var(--put); }
      .m-patch { background: var(--patch); } .m-delete { background: var(--delete); }
      .m-head, .m-options, .m-trace { background: var(--head); }
      .status { display: inline-block; min-width: 40px; text-align: center; border-radius: 4px; padding: 0 6px;
        font: 700 12px/20px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; border: 1px solid; }
      .s2 { color: #0a6e4f; border-color: #9fd3bf; background: #eefaf5; }
      .s3 { color: #4b5563; border-color: #c8ced6; background: #f4f6f9; }
      .s4 { color: #8a5300; border-color: #e9c58f; background: #fff8ec; }
      .s5, .sx, .s1 { color: #b3261e; border-color: #efb2ad; background: #fdf0ef; }
      .req { display: inline-block; font-size: 11px; font-weight: 700; color: #b3261e; text-transform: uppercase; }
      .warn { color: #b3261e; font-weight: 600; }
      dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; }
      dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; }
      table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 14px; }
      th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: 6px 8px; }
      th { background: var(--soft); font-weight: 600; }
      td p { margin: 0 0 4px; }
      td:first-child { white-space: nowrap; }
      .response, .media { margin: 4px 0 10px; }
      details summary { cursor: pointer; color: var(--accent); margin-top: 4px; }
      footer { margin-top: 48px; color: var(--muted); font-size: 13px; }
      @media (max-width: 860px) {
        .layout { display: block; }
        .toc { position: static; max-height: none; border-right: 0; border-bottom: 1px solid var(--line); }
        main { padding: 16px; }
        td:first-child { white-space: normal; word-break: break-all; }
        table { display: block; overflow-x: auto; }
      }
      @media print {
        .toc, .skip { display: none; } .layout { display: block; } main { padding: 0; max-width: none; }
        .op, .schema { break-inside: avoid; } details { display: block; }
      }
      """;
}
