module github.com/gofutures/gofutures

go 1.26

require (
	github.com/go-zeromq/zmq4 v0.17.0
	github.com/google/uuid v1.6.0
	github.com/stretchr/testify v1.12.1
	github.com/traefik/yaegi v0.16.1
	gonum.org/v1/gonum v0.17.0
	gonum.org/v1/plot v0.17.0
)
