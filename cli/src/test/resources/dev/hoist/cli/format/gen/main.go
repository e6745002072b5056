// Generates go-expected.json: what Go's text/template prints for each line of templates.txt
// (one template a line; "⏎" stands for a newline) over data.json, with docker/cli's functions
// (templates/templates.go) as this program restates them. JSON integers are decoded as Go ints,
// other numbers as float64, as hoist's engine sees them (dev.hoist.cli.format.GoValues).
// Run: cd cli/src/test/resources/dev/hoist/cli/format && go run gen/main.go > go-expected.json
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"text/template"
)

func convert(v interface{}) interface{} {
	switch t := v.(type) {
	case json.Number:
		if i, err := t.Int64(); err == nil && !strings.ContainsAny(string(t), ".eE") {
			return int(i)
		}
		f, _ := t.Float64()
		return f
	case []interface{}:
		for i := range t {
			t[i] = convert(t[i])
		}
	case map[string]interface{}:
		for k := range t {
			t[k] = convert(t[k])
		}
	}
	return v
}

func formatJSON(v interface{}) string {
	buf := &bytes.Buffer{}
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return strings.TrimSpace(buf.String())
}

var docker = template.FuncMap{
	"json":  formatJSON,
	"split": strings.Split,
	"join":  strings.Join,
	"title": strings.Title,
	"lower": strings.ToLower,
	"upper": strings.ToUpper,
	"pad": func(s string, prefix, suffix int) string {
		if s == "" {
			return s
		}
		return strings.Repeat(" ", prefix) + s + strings.Repeat(" ", suffix)
	},
	"truncate": func(s string, n int) string {
		if len(s) < n {
			return s
		}
		return s[:n]
	},
}

type result struct {
	Template string  `json:"template"`
	Output   *string `json:"output,omitempty"`
	Error    *string `json:"error,omitempty"`
}

func main() {
	raw, _ := os.ReadFile("data.json")
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var data interface{}
	if err := dec.Decode(&data); err != nil {
		panic(err)
	}
	data = convert(data)
	f, _ := os.Open("templates.txt")
	scanner := bufio.NewScanner(f)
	var results []result
	for scanner.Scan() {
		text := strings.ReplaceAll(scanner.Text(), "⏎", "\n")
		r := result{Template: text}
		tmpl, err := template.New("").Funcs(docker).Parse(text)
		if err == nil {
			var out bytes.Buffer
			err = tmpl.Execute(&out, data)
			if err == nil {
				s := out.String()
				r.Output = &s
			}
		}
		if err != nil {
			s := err.Error()
			r.Error = &s
		}
		results = append(results, r)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(results)
}
