//! Code blocks in Go, bash and SQL, assembled from small templates with
//! random names and numbers. Comments come from a comment writer, so a block
//! can be the same in every language or carry translated comments.

use std::fmt::Write;

use crate::rng::Rng;
use crate::words::{GO_TYPES, IDENTS};

pub enum Lang {
    Go,
    Bash,
    Sql,
}

impl Lang {
    pub fn fence(&self) -> &'static str {
        match self {
            Lang::Go => "go",
            Lang::Bash => "bash",
            Lang::Sql => "sql",
        }
    }

    pub fn pick(rng: &mut Rng) -> Lang {
        match rng.below(100) {
            0..60 => Lang::Go,
            60..85 => Lang::Bash,
            _ => Lang::Sql,
        }
    }
}

fn camel(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

fn ident(rng: &mut Rng) -> &'static str {
    rng.pick::<&str>(IDENTS)
}

/// The body of a fenced block (without the fences), ending with a newline.
/// `comment` writes one line of comment text.
pub fn block(lang: &Lang, rng: &mut Rng, comment: &mut dyn FnMut(&mut Rng) -> String) -> String {
    let mut code = match lang {
        Lang::Go => go(rng, comment),
        Lang::Bash => bash(rng, comment),
        Lang::Sql => sql(rng, comment),
    };
    while code.ends_with("\n\n") {
        code.pop();
    }
    code
}

fn go(rng: &mut Rng, comment: &mut dyn FnMut(&mut Rng) -> String) -> String {
    let mut out = String::new();
    let pkg = ident(rng);
    let _ = writeln!(out, "package {pkg}\n");
    if rng.chance(30) {
        out.push_str(
            "import (\n\t\"context\"\n\t\"errors\"\n\t\"fmt\"\n\t\"sync\"\n\t\"time\"\n)\n\n",
        );
    }
    // About 20 lines on average.
    let parts = if rng.chance(10) { 2 } else { 1 };
    for _ in 0..parts {
        match rng.below(6) {
            0 => go_struct(&mut out, rng, comment),
            1 => go_worker_pool(&mut out, rng, comment),
            2 => go_select(&mut out, rng, comment),
            3 => go_map_loop(&mut out, rng, comment),
            4 => go_generic(&mut out, rng, comment),
            _ => go_errors(&mut out, rng, comment),
        }
        out.push('\n');
    }
    out.pop();
    out
}

fn go_struct(out: &mut String, rng: &mut Rng, comment: &mut dyn FnMut(&mut Rng) -> String) {
    let ty = camel(ident(rng));
    let _ = writeln!(out, "// {ty}: {}", comment(rng));
    let _ = writeln!(out, "type {ty} struct {{");
    let fields = rng.between(2, 5);
    let mut names = Vec::new();
    for i in 0..fields {
        let name = format!("{}{}", ident(rng), i);
        let _ = writeln!(out, "\t{name} {}", rng.pick(GO_TYPES));
        names.push(name);
    }
    out.push_str("\tmu sync.Mutex\n}\n\n");
    let method = camel(ident(rng));
    let recv = ty[..1].to_ascii_lowercase();
    let _ = writeln!(
        out,
        "func ({recv} *{ty}) {method}(n int) (int, error) {{\n\t{recv}.mu.Lock()\n\tdefer {recv}.mu.Unlock()"
    );
    let _ = writeln!(
        out,
        "\tif n < {} {{\n\t\treturn 0, fmt.Errorf(\"{}: %d is too small\", n)\n\t}}",
        rng.between(0, 9),
        method.to_lowercase()
    );
    let _ = writeln!(out, "\t// {}", comment(rng));
    let _ = writeln!(
        out,
        "\ttotal := 0\n\tfor i := 0; i < n; i++ {{\n\t\ttotal += i * {}\n\t}}\n\treturn total, nil\n}}",
        rng.between(2, 64)
    );
}

fn go_worker_pool(out: &mut String, rng: &mut Rng, comment: &mut dyn FnMut(&mut Rng) -> String) {
    let f = camel(ident(rng));
    let item = ident(rng);
    let workers = rng.between(2, 16);
    let _ = writeln!(out, "// Run{f} {}", comment(rng));
    let _ = writeln!(
        out,
        "func Run{f}(ctx context.Context, {item}s []string) []string {{\n\tjobs := make(chan string)\n\tresults := make(chan string, len({item}s))\n\tvar wg sync.WaitGroup"
    );
    let _ = writeln!(
        out,
        "\tfor w := 0; w < {workers}; w++ {{\n\t\twg.Add(1)\n\t\tgo func(id int) {{\n\t\t\tdefer wg.Done()\n\t\t\tfor j := range jobs {{"
    );
    let _ = writeln!(out, "\t\t\t\t// {}", comment(rng));
    let _ = writeln!(
        out,
        "\t\t\t\tresults <- fmt.Sprintf(\"%d:%s\", id, j)\n\t\t\t}}\n\t\t}}(w)\n\t}}"
    );
    let _ = writeln!(
        out,
        "\tfor _, x := range {item}s {{\n\t\tselect {{\n\t\tcase jobs <- x:\n\t\tcase <-ctx.Done():\n\t\t\tbreak\n\t\t}}\n\t}}\n\tclose(jobs)\n\twg.Wait()\n\tclose(results)"
    );
    let _ = writeln!(
        out,
        "\tout := make([]string, 0, len({item}s))\n\tfor r := range results {{\n\t\tout = append(out, r)\n\t}}\n\treturn out\n}}"
    );
}

fn go_select(out: &mut String, rng: &mut Rng, comment: &mut dyn FnMut(&mut Rng) -> String) {
    let f = camel(ident(rng));
    let ms = rng.between(10, 900);
    let _ = writeln!(out, "// wait{f} {}", comment(rng));
    let _ = writeln!(
        out,
        "func wait{f}(ch <-chan int) (int, error) {{\n\ttimer := time.NewTimer({ms} * time.Millisecond)\n\tdefer timer.Stop()\n\tselect {{\n\tcase v, ok := <-ch:\n\t\tif !ok {{\n\t\t\treturn 0, errors.New(\"channel closed\")\n\t\t}}\n\t\treturn v, nil"
    );
    let _ = writeln!(
        out,
        "\tcase <-timer.C:\n\t\t// {}\n\t\treturn 0, fmt.Errorf(\"no value after %v\", {ms}*time.Millisecond)\n\t}}\n}}",
        comment(rng)
    );
}

fn go_map_loop(out: &mut String, rng: &mut Rng, comment: &mut dyn FnMut(&mut Rng) -> String) {
    let a = ident(rng);
    let b = ident(rng);
    let _ = writeln!(
        out,
        "func count{}(words []string) map[string]int {{",
        camel(a)
    );
    let _ = writeln!(out, "\t// {}", comment(rng));
    let _ = writeln!(
        out,
        "\tseen := make(map[string]int, len(words))\n\tfor i, w := range words {{\n\t\tif w == \"{b}\" || i%{} == 0 {{\n\t\t\tcontinue\n\t\t}}\n\t\tseen[w]++\n\t}}\n\treturn seen\n}}",
        rng.between(2, 9)
    );
}

fn go_generic(out: &mut String, rng: &mut Rng, comment: &mut dyn FnMut(&mut Rng) -> String) {
    let f = camel(ident(rng));
    let _ = writeln!(out, "// {f}By {}", comment(rng));
    let _ = writeln!(
        out,
        "func {f}By[T any, K comparable](items []T, key func(T) K) map[K][]T {{\n\tgroups := make(map[K][]T)\n\tfor _, it := range items {{\n\t\tk := key(it)\n\t\tgroups[k] = append(groups[k], it)\n\t}}\n\treturn groups\n}}"
    );
    let _ = writeln!(
        out,
        "\ntype Number interface {{\n\t~int | ~int64 | ~float64\n}}\n\nfunc Sum[N Number](xs ...N) (s N) {{\n\tfor _, x := range xs {{\n\t\ts += x\n\t}}\n\treturn s + {}\n}}",
        rng.between(0, 3)
    );
}

fn go_errors(out: &mut String, rng: &mut Rng, comment: &mut dyn FnMut(&mut Rng) -> String) {
    let name = ident(rng);
    let _ = writeln!(
        out,
        "var Err{} = errors.New(\"{name} not found\")\n",
        camel(name)
    );
    let _ = writeln!(out, "// load{} {}", camel(name), comment(rng));
    let _ = writeln!(
        out,
        "func load{c}(id int64) (*{c}Record, error) {{\n\tif id <= 0 {{\n\t\treturn nil, fmt.Errorf(\"load {name} %d: %w\", id, Err{c})\n\t}}\n\trec := &{c}Record{{ID: id, Created: time.Now()}}\n\tif err := rec.validate(); err != nil {{\n\t\treturn nil, fmt.Errorf(\"validate: %w\", err)\n\t}}\n\treturn rec, nil\n}}",
        c = camel(name)
    );
}

fn bash(rng: &mut Rng, comment: &mut dyn FnMut(&mut Rng) -> String) -> String {
    let mut out = String::new();
    let module = ident(rng);
    let lines = rng.between(3, 8);
    for _ in 0..lines {
        let line = match rng.below(9) {
            0 => format!("# {}", comment(rng)),
            1 => format!("go mod init example.com/{module}"),
            2 => format!("go test -run 'Test{}' -count=1 ./...", camel(ident(rng))),
            3 => format!("go build -o bin/{} ./cmd/{}", ident(rng), ident(rng)),
            4 => "for f in $(git ls-files '*.go'); do\n  gofmt -l \"$f\"\ndone".to_string(),
            5 => format!("export GOMAXPROCS={}", rng.between(1, 8)),
            6 => format!(
                "curl -s \"http://localhost:{}/{}?limit={}\" | jq '.items[] | .id'",
                rng.between(8000, 8099),
                ident(rng),
                rng.between(1, 100)
            ),
            7 => format!(
                "go test -bench=. -benchmem ./internal/{} | tee bench-{}.txt",
                ident(rng),
                rng.between(1, 30)
            ),
            _ => format!(
                "if [ -z \"${{{}_URL:-}}\" ]; then\n  echo \"set {}_URL first\" >&2\n  exit 1\nfi",
                ident(rng).to_uppercase(),
                ident(rng).to_uppercase()
            ),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn sql(rng: &mut Rng, comment: &mut dyn FnMut(&mut Rng) -> String) -> String {
    let mut out = String::new();
    let a = ident(rng);
    let b = ident(rng);
    let (create, query) = match rng.below(10) {
        0..4 => (true, false),
        4..8 => (false, true),
        _ => (true, true),
    };
    if create {
        create_table(&mut out, rng, comment, a, b);
    }
    if query {
        select(&mut out, rng, comment, a, b);
    }
    out
}

fn create_table(
    out: &mut String,
    rng: &mut Rng,
    comment: &mut dyn FnMut(&mut Rng) -> String,
    a: &str,
    b: &str,
) {
    let _ = writeln!(out, "-- {}", comment(rng));
    let _ = writeln!(
        out,
        "CREATE TABLE {a}s (\n    id          BIGSERIAL PRIMARY KEY,\n    {b}_id      BIGINT NOT NULL REFERENCES {b}s (id),\n    name        TEXT NOT NULL,\n    amount      NUMERIC(12, 2) DEFAULT 0,\n    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()\n);\n"
    );
    if rng.chance(50) {
        let _ = writeln!(
            out,
            "INSERT INTO {a}s ({b}_id, name, amount)\nVALUES ({}, '{}', {}.{:02});\n",
            rng.between(1, 999),
            ident(rng),
            rng.between(1, 5000),
            rng.below(100)
        );
    }
}

fn select(
    out: &mut String,
    rng: &mut Rng,
    comment: &mut dyn FnMut(&mut Rng) -> String,
    a: &str,
    b: &str,
) {
    let _ = writeln!(out, "-- {}", comment(rng));
    let _ = writeln!(
        out,
        "SELECT b.name, COUNT(*) AS n, SUM(a.amount) AS total\nFROM {a}s AS a\nJOIN {b}s AS b ON b.id = a.{b}_id\nWHERE a.created_at > now() - INTERVAL '{} days'\nGROUP BY b.name\nHAVING COUNT(*) > {}\nORDER BY total DESC\nLIMIT {};",
        rng.between(1, 90),
        rng.between(1, 10),
        rng.between(5, 50)
    );
}
