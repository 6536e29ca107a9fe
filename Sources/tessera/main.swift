import TesseraServer
print("x")
