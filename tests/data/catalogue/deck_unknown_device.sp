* deck
V1 a 0 DC 1
Q1 a 0 0 npn
.end
