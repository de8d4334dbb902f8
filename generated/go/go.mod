module github.com/stainless-sdks/llamacloud-prod-go

go 1.21
