module example.com/clash-go

go 1.21
