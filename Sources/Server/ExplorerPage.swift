import Hummingbird

/// The HTML page a browser gets when it opens the GraphQL endpoint (GET, `Accept: text/html`, no `query`).
///
/// The fallback for a server run without the `web/` folder (``WebPages``): `web/explorer.html` is the explorer,
/// with documentation, examples, the SQL pane and the button that loads GraphiQL. This page is the least that
/// works offline and fetches nothing from elsewhere: a query editor, variables, a result pane and a schema
/// browser built from an introspection query, all posting to the same endpoint. Editor contents are kept in
/// `localStorage`.
///
/// The page is a constant: it is built once and served without templating.
enum ExplorerPage {
    static func response() -> Response {
        Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// Built once; every response shares the same (copy-on-write) buffer.
    private static let body = ByteBuffer(staticString: html)

    /// The pages' headers, its policy allowing this server only (the page loads nothing else).
    private static let headers = WebPages.headers(loadsGraphiQL: false)

    static let html: StaticString = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>qunji · GraphQL explorer</title>
        <style>
          :root { --fg:#1d2330; --muted:#667085; --line:#d0d5dd; --accent:#1570ef; --bg:#f8f9fb; }
          * { box-sizing: border-box; }
          body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Noto Sans CJK SC", sans-serif; color:var(--fg); background:var(--bg); }
          header { display:flex; gap:12px; align-items:center; padding:8px 14px; border-bottom:1px solid var(--line); background:#fff; }
          header h1 { font-size:16px; margin:0; }
          button { font:inherit; padding:5px 12px; border:1px solid var(--line); border-radius:6px; background:#fff; cursor:pointer; }
          button.primary { background:var(--accent); border-color:var(--accent); color:#fff; }
          main { display:grid; grid-template-columns: minmax(300px,1fr) minmax(300px,1fr) minmax(220px,0.7fr); gap:10px; padding:10px; height:calc(100vh - 50px); }
          section { display:flex; flex-direction:column; min-height:0; background:#fff; border:1px solid var(--line); border-radius:8px; }
          section h2 { font-size:12px; text-transform:uppercase; letter-spacing:.05em; color:var(--muted); margin:0; padding:6px 10px; border-bottom:1px solid var(--line); }
          textarea, pre { font:13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; margin:0; }
          textarea { border:0; resize:none; padding:10px; outline:none; }
          #query { flex:3; } #variables { flex:1; border-top:1px solid var(--line); }
          #result { flex:1; overflow:auto; padding:10px; white-space:pre-wrap; word-break:break-word; }
          #status { color:var(--muted); font-size:12px; }
          #schema { overflow:auto; padding:6px 10px; }
          #schema .type { font-weight:600; margin-top:8px; cursor:pointer; color:var(--accent); }
          #schema .field { margin:4px 0 4px 8px; }
          #schema .field code { font-size:12px; }
          #schema .desc { color:var(--muted); font-size:12px; margin-left:8px; }
        </style>
        </head>
        <body>
        <header>
          <h1>qunji GraphQL</h1>
          <input id="operation" placeholder="operation name (optional)" size="22">
          <button class="primary" id="run" title="Ctrl+Enter">Run ▶</button>
          <span id="status"></span>
        </header>
        <main id="simple">
          <section>
            <h2>Query</h2>
            <textarea id="query" spellcheck="false"></textarea>
            <h2>Variables (JSON)</h2>
            <textarea id="variables" spellcheck="false" placeholder="{}"></textarea>
          </section>
          <section><h2>Result</h2><pre id="result"></pre></section>
          <section><h2>Schema</h2><div id="schema">Loading…</div></section>
        </main>
        <script>
        "use strict";
        const endpoint = window.location.pathname;
        const $ = (id) => document.getElementById(id);
        const defaultQuery = "# Ctrl+Enter runs the query; the Schema panel lists every type and field.\n{\n  prefectures(first: 3) {\n    totalCount\n    nodes {\n      name\n    }\n  }\n}\n";
        $("query").value = localStorage.getItem("qunji.query") || defaultQuery;
        $("variables").value = localStorage.getItem("qunji.variables") || "";
        $("operation").value = localStorage.getItem("qunji.operation") || "";

        async function post(body) {
          const response = await fetch(endpoint, {
            method: "POST",
            headers: { "Content-Type": "application/json", "Accept": "application/graphql-response+json, application/json;q=0.9" },
            body: JSON.stringify(body),
          });
          return { status: response.status, text: await response.text() };
        }

        async function run() {
          const query = $("query").value, variablesText = $("variables").value.trim(), operationName = $("operation").value.trim();
          localStorage.setItem("qunji.query", query);
          localStorage.setItem("qunji.variables", variablesText);
          localStorage.setItem("qunji.operation", operationName);
          let variables = null;
          if (variablesText) {
            try { variables = JSON.parse(variablesText); } catch (e) { $("result").textContent = "Variables are not valid JSON: " + e.message; return; }
          }
          $("status").textContent = "running…";
          const started = performance.now();
          try {
            const { status, text } = await post({ query, variables, operationName: operationName || null });
            let shown = text;
            try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (e) {}
            $("result").textContent = shown;
            $("status").textContent = "HTTP " + status + " · " + Math.round(performance.now() - started) + " ms";
          } catch (e) {
            $("result").textContent = "Request failed: " + e.message;
            $("status").textContent = "";
          }
        }
        $("run").addEventListener("click", run);
        document.addEventListener("keydown", (e) => { if ((e.ctrlKey || e.metaKey) && e.key === "Enter") { e.preventDefault(); run(); } });

        function typeName(t) {
          if (!t) return "";
          if (t.kind === "NON_NULL") return typeName(t.ofType) + "!";
          if (t.kind === "LIST") return "[" + typeName(t.ofType) + "]";
          return t.name;
        }
        function el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }

        async function loadSchema() {
          const ref = "kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }";
          const query = "{ __schema { queryType { name } types { kind name description fields { name description args { name type { " + ref + " } } type { " + ref + " } } inputFields { name description type { " + ref + " } } enumValues { name description } } } }";
          try {
            const { text } = await post({ query });
            const schema = JSON.parse(text).data.__schema;
            const box = $("schema");
            box.textContent = "";
            const types = schema.types.filter((t) => !t.name.startsWith("__"));
            types.sort((a, b) => (a.name === schema.queryType.name ? -1 : b.name === schema.queryType.name ? 1 : a.name.localeCompare(b.name)));
            for (const t of types) {
              const title = el("div", "type", t.name + " (" + t.kind.toLowerCase().replace("_", " ") + ")");
              const body = el("div");
              body.hidden = t.name !== schema.queryType.name;
              title.addEventListener("click", () => { body.hidden = !body.hidden; });
              if (t.description) body.appendChild(el("div", "desc", t.description));
              for (const f of t.fields || t.inputFields || []) {
                const args = (f.args || []).map((a) => a.name + ": " + typeName(a.type)).join(", ");
                const line = el("div", "field");
                line.appendChild(el("code", null, f.name + (args ? "(" + args + ")" : "") + ": " + typeName(f.type)));
                if (f.description) line.appendChild(el("div", "desc", f.description));
                body.appendChild(line);
              }
              for (const v of t.enumValues || []) {
                const line = el("div", "field");
                line.appendChild(el("code", null, v.name));
                if (v.description) line.appendChild(el("div", "desc", v.description));
                body.appendChild(line);
              }
              box.appendChild(title);
              box.appendChild(body);
            }
          } catch (e) {
            $("schema").textContent = "Could not load the schema: " + e.message;
          }
        }
        loadSchema();
        </script>
        </body>
        </html>
        """#
}
