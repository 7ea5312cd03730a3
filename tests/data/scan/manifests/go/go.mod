module github.com/coop/rounds

go 1.22

toolchain go1.22.2

require (
	github.com/google/uuid v1.6.0
	github.com/coop/commons-sdk-go v0.3.0
	golang.org/x/text v0.14.0 // indirect
)

require github.com/stretchr/testify v1.9.0

require (
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

replace github.com/coop/commons-sdk-go => ../commons-sdk-go
