//go:build tools

// Package tools pins actionlint, which `npm run lint` builds to check the repository's and the examples' GitHub
// workflows (scripts/actionlint.js).
package tools

import _ "github.com/rhysd/actionlint/cmd/actionlint"
