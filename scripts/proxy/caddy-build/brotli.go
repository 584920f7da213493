package main

// Caddy compresses responses with zstd and gzip only (its own brotli module serves
// precompressed files, and Vitrina's responses come from a proxied server). This module adds a
// "br" encoder for the encode directive, on the pure-Go encoder, so that browsers that prefer
// Brotli get it. See docs/decisions/0009-caddy-in-front.md.

import (
	"fmt"
	"strconv"

	"github.com/andybalholm/brotli"
	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp/encode"
)

func init() {
	caddy.RegisterModule(Brotli{})
}

// Brotli makes Brotli encoders; Quality 0-11, default 4: on the fly, higher levels cost far
// more CPU for a few percent less.
type Brotli struct {
	Quality int `json:"quality,omitempty"`
}

func (Brotli) CaddyModule() caddy.ModuleInfo {
	return caddy.ModuleInfo{
		ID:  "http.encoders.br",
		New: func() caddy.Module { return &Brotli{Quality: 4} },
	}
}

// UnmarshalCaddyfile reads an optional quality: `encode { br 5 }`.
func (b *Brotli) UnmarshalCaddyfile(d *caddyfile.Dispenser) error {
	d.Next()
	if !d.NextArg() {
		return nil
	}
	quality, err := strconv.Atoi(d.Val())
	if err != nil {
		return d.Errf("brotli quality %q is not a number", d.Val())
	}
	b.Quality = quality
	return nil
}

func (b Brotli) Validate() error {
	if b.Quality < brotli.BestSpeed || b.Quality > brotli.BestCompression {
		return fmt.Errorf("brotli quality %d is outside %d-%d", b.Quality, brotli.BestSpeed, brotli.BestCompression)
	}
	return nil
}

func (Brotli) AcceptEncoding() string { return "br" }

func (b Brotli) NewEncoder() encode.Encoder {
	return brotli.NewWriterLevel(nil, b.Quality)
}

var (
	_ encode.Encoding       = (*Brotli)(nil)
	_ caddy.Validator       = (*Brotli)(nil)
	_ caddyfile.Unmarshaler = (*Brotli)(nil)
)
