//go:build tools

// Package tools pins the language host's main package so that `go mod tidy` records every module it needs.
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
