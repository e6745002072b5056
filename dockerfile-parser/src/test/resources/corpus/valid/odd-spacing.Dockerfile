   FROM	alpine:3.19   AS   base   

RUN	echo "tab after keyword"
      WORKDIR     /srv/www   
COPY    a.txt		b.txt     /dest/
ENV	A=1	B=2
EXPOSE  80/tcp   443/tcp	 53/udp
		CMD    ["echo",   "spaced"]   
